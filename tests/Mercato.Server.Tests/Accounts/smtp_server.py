"""A real SMTP server for the mail tests (aiosmtpd, Debian's python3-aiosmtpd).

usage: smtp_server.py accept PORT FOLDER   -- stores each message as FOLDER/<id>.eml (envelope lines first)
       smtp_server.py refuse PORT          -- answers every RCPT TO with 550
Prints "ready" once listening and stops when its standard input closes.
"""
import os
import sys
import uuid

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        path = os.path.join(self.folder, uuid.uuid4().hex)
        with open(path + ".tmp", "wb") as out:
            out.write(f"X-Envelope-From: {envelope.mail_from}\r\n".encode())
            out.write(f"X-Envelope-To: {','.join(envelope.rcpt_tos)}\r\n".encode())
            out.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path + ".eml")
        return "250 OK stored"


class Refuse:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 mailbox unavailable"


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    handler = Store(sys.argv[3]) if mode == "accept" else Refuse()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
