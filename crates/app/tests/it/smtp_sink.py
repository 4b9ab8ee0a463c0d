#!/usr/bin/python3
"""Test SMTP sink: every accepted message -> one JSON line in OUT_PATH.
usage: /usr/bin/python3 smtp_sink.py OUT_PATH [HOST] [PORT]   (PORT 0 = pick a free one)
Prints "LISTENING <host> <port>" on stdout (flushed) once it accepts connections."""
import asyncio, base64, email, email.policy, json, os, signal, sys
from aiosmtpd.smtp import SMTP

class JsonlHandler:
    def __init__(self, path):
        self.path = path

    @classmethod
    def from_cli(cls, parser, *args):  # for: python3 -m aiosmtpd -c smtp_sink.JsonlHandler OUT
        if len(args) != 1:
            parser.error("JsonlHandler needs exactly one argument: the output .jsonl path")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content  # bytes (decode_data=False)
        rec = {
            "peer": list(session.peer[:2]) if session.peer else None,
            "helo": session.host_name,
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "mail_options": list(envelope.mail_options),
            "raw_b64": base64.b64encode(raw).decode("ascii"),   # exact bytes
            "raw": raw.decode("utf-8", errors="replace"),        # convenient view
        }
        try:  # decoded view so Rust tests need no MIME parser
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            part = msg.get_body(preferencelist=("plain",))
            rec["message_id"] = msg.get("Message-ID")
            rec["subject"] = str(msg.get("Subject", ""))
            rec["text"] = part.get_content() if part is not None else None
        except Exception as e:  # keep the raw record even if parsing fails
            rec["parse_error"] = repr(e)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        return "250 Message accepted for delivery"

async def main():
    out = sys.argv[1]
    host = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    handler = JsonlHandler(out)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", enable_SMTPUTF8=True), host, port)
    bound = server.sockets[0].getsockname()
    print(f"LISTENING {bound[0]} {bound[1]}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()

if __name__ == "__main__":
    asyncio.run(main())
