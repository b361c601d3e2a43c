from kooperation.cli import run

run()
