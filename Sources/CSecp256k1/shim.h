// The system libsecp256k1 (Debian libsecp256k1-dev, built with the recovery module).
#include <secp256k1.h>
#include <secp256k1_recovery.h>
