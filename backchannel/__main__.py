from backchannel.cli import main

main()
