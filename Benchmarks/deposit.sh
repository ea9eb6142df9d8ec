#!/usr/bin/env bash
# Key-generation benchmark: EtherKeep against its KDF bound (16 and 64 validators, both salt
# policies), then ethstaker-deposit-cli on 16 validators in its own mode (shared salt), in the
# same run. Prints figures only. The reference needs `pip install ethstaker_deposit==1.3.1`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product etherkeep >&2
bin="$(swift build -c release --show-bin-path)/etherkeep"
"$bin" bench deposit --validators "${VALIDATORS:-16,64}" --repeat "${REPEAT:-3}"
if python3 -c 'import ethstaker_deposit' 2>/dev/null; then
    python3 Benchmarks/deposit_reference.py 16
else
    echo "ethstaker_deposit not installed: reference skipped (pip install ethstaker_deposit==1.3.1)"
fi
