import SignalgapCommands

Signalgap.main()
