"""The program the installers start: the same entry point as the ``kooperation`` command."""

from kooperation.cli import run

if __name__ == "__main__":
    run()
