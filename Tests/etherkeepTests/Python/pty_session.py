#!/usr/bin/env python3
"""Drives a command through a pseudo-terminal, as a person at a terminal would.

Request (JSON on stdin):
  {"argv": [...], "cwd": "...", "timeout": seconds per step,
   "steps": [{"expect": "text", "send": "line", "capture": {"name": "n", "pattern": "regex"}}, ...]}
Each step waits until `expect` appears in the output after the previous step's match, then, if
given, captures group 1 of `pattern` (searched in the output so far) as {name}, then sends `send`
plus a newline, with {name} replaced by captured values. "send": null sends end of input (^D).
After the last step the driver waits for the process to exit.

Reply (JSON on stdout): {"status": exit code or -signal, "transcript": all output,
"failed_step": index of the step whose text never came, or null}.
"""
import json
import os
import re
import select
import signal
import subprocess
import sys
import time


def main():
    request = json.load(sys.stdin)
    timeout = request.get("timeout", 60)
    master, slave = os.openpty()
    process = subprocess.Popen(
        request["argv"], cwd=request.get("cwd"), stdin=slave, stdout=slave, stderr=slave,
        start_new_session=True, close_fds=True)
    os.close(slave)
    output = bytearray()
    position = 0  # where the next `expect` is searched from
    captured = {}
    failed = None

    def read_some(deadline):
        remaining = max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([master], [], [], min(remaining, 0.5))
        if not ready:
            return True
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every slave descriptor closed (the process ended)
            return False
        if not chunk:
            return False
        output.extend(chunk)
        return True

    for index, step in enumerate(request["steps"]):
        expected = step["expect"].encode()
        deadline = time.monotonic() + timeout
        open_ = True
        while True:
            found = output.find(expected, position)
            if found >= 0:
                position = found + len(expected)
                break
            if not open_ or time.monotonic() > deadline:
                failed = index
                break
            open_ = read_some(deadline)
        if failed is not None:
            break
        capture = step.get("capture")
        if capture:
            match = re.search(capture["pattern"], output.decode("utf-8", "replace"))
            if not match:
                failed = index
                break
            captured[capture["name"]] = match.group(1)
        if "send" in step:
            if step["send"] is None:
                os.write(master, b"\x04")
            else:
                line = step["send"]
                for name, value in captured.items():
                    line = line.replace("{" + name + "}", value)
                os.write(master, line.encode() + b"\n")

    deadline = time.monotonic() + (timeout if failed is None else 1)
    while process.poll() is None and time.monotonic() < deadline:
        read_some(deadline)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    status = process.wait()
    while read_some(time.monotonic()):
        if not select.select([master], [], [], 0)[0]:
            break
    os.close(master)
    json.dump({"status": status, "transcript": output.decode("utf-8", "replace"), "failed_step": failed}, sys.stdout)


if __name__ == "__main__":
    main()
