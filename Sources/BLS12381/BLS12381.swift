// BLS12-381 and the Ethereum BLS signature ciphersuite, in pure Swift.
//
// Only the signature API (``SecretKey``, ``PublicKey``, ``Signature`` and the ``BLS`` functions)
// is public; fields, curves and the pairing are internal (R9).
