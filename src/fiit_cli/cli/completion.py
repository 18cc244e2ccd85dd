def answer():
    return False
def remember():
    pass
