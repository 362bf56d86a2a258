print("signalgap")
