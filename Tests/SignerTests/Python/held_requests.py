"""Holds HTTP requests in flight at a server, for a test of graceful shutdown.

Usage: held_requests.py PORT PATH < bodies.json   (a JSON array of request bodies, as strings)

Opens one connection per body and sends the request head and all of its body but the last
byte, so the server has each request in flight but cannot finish it. Prints "held" and waits
for a line on stdin; then sends each last byte, reads each response in full, and prints the
statuses as a JSON array (-1 where a connection closed without a complete response).
"""
import json
import socket
import sys


def read_response(connection):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return -1
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return -1
        body += chunk
    return status


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    bodies = [body.encode() for body in json.loads(sys.stdin.readline())]
    connections = []
    for body in bodies:
        connection = socket.create_connection(("127.0.0.1", port))
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"Accept: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        connection.sendall(head + body[:-1])
        connections.append(connection)
    print("held", flush=True)
    sys.stdin.readline()
    statuses = []
    for connection, body in zip(connections, bodies):
        try:
            connection.sendall(body[-1:])
            statuses.append(read_response(connection))
        except OSError:
            statuses.append(-1)
        connection.close()
    print(json.dumps(statuses), flush=True)


if __name__ == "__main__":
    main()
