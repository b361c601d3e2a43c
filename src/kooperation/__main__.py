from kooperation.cli import main

raise SystemExit(main())
