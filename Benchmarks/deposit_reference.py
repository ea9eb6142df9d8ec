#!/usr/bin/env python3
"""Times ethstaker-deposit-cli's key generation (the reference for `etherkeep deposit bench`).

Runs the same steps its `existing-mnemonic` command runs after the prompts — CredentialList.from_mnemonic,
export_keystores (one shared scrypt key per run, two processes), export_deposit_data_json,
verify_keystores, verify_deposit_data_json — for N validators, 0x01 credentials, mainnet.
Install: pip install ethstaker_deposit==1.3.1. Its PyPI wheel lacks the `intl/` message files the click
CLI needs, so the CLI itself cannot start; this calls the library and replaces `load_text` (progress-bar
labels only) with an empty string.
Usage: python3 Benchmarks/deposit_reference.py [N ...]
"""
import os
import sys
import tempfile
import time


def main() -> None:
    import ethstaker_deposit.credentials as credentials
    import ethstaker_deposit.utils.validation as validation
    from ethstaker_deposit.settings import get_chain_setting

    for module in (credentials, validation):
        module.load_text = lambda *args, **kwargs: ""
    counts = [int(n) for n in sys.argv[1:]] or [16]
    mnemonic = "test test test test test test test test test test test waste"
    for n in counts:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            creds = credentials.CredentialList.from_mnemonic(
                mnemonic=mnemonic, mnemonic_password="", num_keys=n, amounts=[32 * 10**9] * n,
                chain_setting=get_chain_setting("mainnet"), start_index=0,
                hex_withdrawal_address="0x0f51bb10119727a7e5eA3538074fb341F56B09Ad")
            timestamp = time.time()
            files = creds.export_keystores(password="MyPassword12345", folder=folder, timestamp=timestamp)
            deposits = creds.export_deposit_data_json(folder=folder, timestamp=timestamp)
            assert creds.verify_keystores(keystore_filefolders=files, password="MyPassword12345")
            assert validation.verify_deposit_data_json(deposits, creds.credentials, get_chain_setting("mainnet"))
            wall = time.perf_counter() - start
            print(f"ethstaker-deposit-cli 1.3.1 (library path), {n} validators, scrypt shared salt, "
                  f"{os.cpu_count()} cores: {wall:.2f} s")


if __name__ == "__main__":
    main()
