#!/usr/bin/env python3
"""Records a seed script for a scripted-server harness (norce_answers, specter_answers)
from a live emulator: a proxy in front of the emulator forwards every request and keeps
each answer body; the harness runs once against the proxy (SKARV_FUZZ_REMOTE); the
answers, in order, become the script. See docs/fuzzing.md, "Recording seeds".

  fuzz/tools/record_script.py --harness build/fuzz/replay_norce_answers \
      --upstream http://127.0.0.1:PORT --op "orders.read initial" \
      --skip /identity/ --out fuzz/corpus/norce_answers/orders-read-initial

Answers to paths starting with --skip (the token endpoint) are forwarded but not kept:
the harness answers those itself.
"""
import argparse
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request

SEPARATOR = b"\n~~~\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--harness", required=True, help="a replay_<harness> or fuzz_<harness> binary")
    ap.add_argument("--upstream", required=True, help="the emulator's base URL")
    ap.add_argument("--op", required=True, help="the script's first line")
    ap.add_argument("--skip", default="", help="path prefix whose answers are not recorded")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    answers = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            req = urllib.request.Request(args.upstream + self.path, data=body, headers=headers, method=self.command)
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    status, rheaders, data = r.status, r.headers, r.read()
            except urllib.error.HTTPError as e:
                status, rheaders, data = e.code, e.headers, e.read()
            if not (args.skip and self.path.startswith(args.skip)):
                if status != 200:
                    print(f"record: {self.command} {self.path.split('?')[0]} answered {status}", file=sys.stderr)
                answers.append(data)
            self.send_response(status)
            self.send_header("Content-Type", rheaders.get("Content-Type", "application/octet-stream"))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = forward

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.NamedTemporaryFile("wb", delete=False) as f:
        f.write(args.op.encode() + b"\n")
        script_in = f.name
    env = dict(os.environ, SKARV_FUZZ_REMOTE=f"http://127.0.0.1:{server.server_address[1]}")
    run = subprocess.run([args.harness, script_in], env=env)
    server.shutdown()
    os.unlink(script_in)
    if run.returncode != 0:
        sys.exit(f"record: the harness failed ({run.returncode})")
    with open(args.out, "wb") as f:
        f.write(args.op.encode() + b"\n" + SEPARATOR.join(answers))
    print(f"record: {args.out}: {len(answers)} answer(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
