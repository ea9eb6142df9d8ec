"""Writes enclave image files (EIF) and measures them independently of EtherKeep.

Reads {"directory": D, "seed": S} on stdin; writes several .eif files into D as
aws-nitro-enclaves-image-format lays them out (big-endian header of 548 bytes, 12-byte section
headers, zlib CRC-32 from version 2 on), and prints a JSON list of
{"file", "pcr0", "pcr1", "pcr2", "pcr8"?} computed with hashlib: PCR = SHA384(0^48 || SHA384(data)).
"""
import datetime
import hashlib
import json
import os
import random
import struct
import sys
import zlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

KERNEL, CMDLINE, RAMDISK, SIGNATURE, METADATA = 1, 2, 3, 4, 5


def cbor_head(major, value):
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def cbor(item):
    """Just enough CBOR for a signature section, byte fields as serde_cbor writes Vec<u8>."""
    if isinstance(item, int):
        return cbor_head(0, item)
    if isinstance(item, str):
        return cbor_head(3, len(item.encode())) + item.encode()
    if isinstance(item, list):
        return cbor_head(4, len(item)) + b"".join(cbor(x) for x in item)
    if isinstance(item, dict):
        return cbor_head(5, len(item)) + b"".join(cbor(k) + cbor(v) for k, v in item.items())
    raise TypeError(item)


def register(data):
    return hashlib.sha384(b"\0" * 48 + hashlib.sha384(data).digest()).hexdigest()


def certificate_pem():
    key = ec.generate_private_key(ec.SECP384R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "eif signer")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA384()))
    return cert.public_bytes(serialization.Encoding.PEM), cert.public_bytes(serialization.Encoding.DER)


def write_eif(path, version, sections):
    offsets, sizes, body, offset = [], [], b"", 548
    for kind, data in sections:
        offsets.append(offset)
        sizes.append(len(data))
        body += struct.pack(">HHQ", kind, 0, len(data)) + data
        offset += 12 + len(data)
    pad = [0] * (32 - len(sections))
    header = struct.pack(">4sHHQQHH", b".eif", version, 0, 512 << 20, 2, 0, len(sections))
    header += struct.pack(">32Q", *(offsets + pad)) + struct.pack(">32Q", *(sizes + pad)) + struct.pack(">I", 0)
    crc = zlib.crc32(header + body) if version >= 2 else 0
    with open(path, "wb") as f:
        f.write(header + struct.pack(">I", crc) + body)


def main():
    request = json.load(sys.stdin)
    rng = random.Random(request["seed"])
    directory = request["directory"]
    blob = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
    cases = [
        ("one-ramdisk", 4, 1, 0, False, False),
        ("two-ramdisks", 4, 2, 0, False, False),
        ("three-ramdisks", 3, 3, 0, False, False),
        ("large-ramdisk", 4, 2, 3 << 20, False, False),
        ("signed-with-metadata", 4, 2, 0, True, True),
        ("signed-v3", 3, 2, 0, True, False),
        ("version-1", 1, 2, 0, False, False),
    ]
    out = []
    for name, version, ramdisks, large, signed, metadata in cases:
        kernel, cmdline = blob(rng.randint(1, 5000)), b"reboot=k panic=30 pci=off nomodules console=ttyS0"
        disks = [blob(rng.randint(0, 20000)) for _ in range(ramdisks)]
        if large:
            disks[-1] = os.urandom(large)
        sections = [(KERNEL, kernel), (CMDLINE, cmdline)] + [(RAMDISK, d) for d in disks]
        result = {"file": os.path.join(directory, name + ".eif"),
                  "pcr0": register(kernel + cmdline + b"".join(disks)),
                  "pcr1": register(kernel + cmdline + disks[0]),
                  "pcr2": register(b"".join(disks[1:]))}
        if signed:
            pem, der = certificate_pem()
            entry = {"signing_certificate": list(pem), "signature": list(blob(100))}
            sections.append((SIGNATURE, cbor([entry])))
            result["pcr8"] = register(der)
        if metadata:
            sections.append((METADATA, json.dumps({"ImageName": name, "ImageVersion": "1"}).encode()))
        write_eif(result["file"], version, sections)
        out.append(result)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
