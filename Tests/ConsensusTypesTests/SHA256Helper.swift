import Crypto

/// SHA-256 for hand-computed expected SSZ roots (independent of the module's merkleizer).
func SSZ_sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
