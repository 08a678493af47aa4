#!/usr/bin/env python
"""Django's command-line utility; `thanthien` (the installed console script) does the same."""

from thanthien.cli import main

if __name__ == "__main__":
    main()
