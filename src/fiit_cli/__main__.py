from fiit_cli.cli import main

main()
