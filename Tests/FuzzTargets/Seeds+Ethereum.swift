import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1
import TestSupport

/// One transaction object of every type, as `eth_signTransaction` takes it.
let transactionJSONSeeds = [
    #"{"nonce": 9, "gasPrice": "20000000000", "gas": 21000, "to": "0x3535353535353535353535353535353535353535", "value": "1000000000000000000", "data": "0x", "chainId": 1}"#,
    #"{"nonce": "0x0", "gasPrice": "0x1", "gas": "0x5208", "value": "0x0", "input": "0x6001"}"#,
    #"{"type": "0x1", "chainId": "0x1", "nonce": "0x1", "gasPrice": "0x2", "gas": "0x5208", "to": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "accessList": [{"address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "storageKeys": ["0x0000000000000000000000000000000000000000000000000000000000000001"]}]}"#,
    #"{"type": "0x2", "chainId": "0x1", "nonce": "0x2a", "gas": "0x5208", "maxFeePerGas": "0x6fc23ac00", "maxPriorityFeePerGas": "0x3b9aca00", "to": "0x3535353535353535353535353535353535353535", "value": "0xde0b6b3a7640000", "data": "0x", "accessList": []}"#,
    #"{"type": "0x3", "chainId": 17000, "nonce": 3, "gas": 100000, "maxFeePerGas": 30, "maxPriorityFeePerGas": 2, "maxFeePerBlobGas": 5, "to": "0x3535353535353535353535353535353535353535", "blobVersionedHashes": ["0x0100000000000000000000000000000000000000000000000000000000000000"]}"#,
    #"{"type": "0x4", "chainId": 1, "nonce": 4, "gas": 100000, "maxFeePerGas": 30, "maxPriorityFeePerGas": 2, "to": "0x3535353535353535353535353535353535353535", "authorizationList": [{"chainId": "0x1", "address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "nonce": "0x0", "yParity": "0x1", "r": "0x1", "s": "0x2"}]}"#,
    #"{"from": "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", "nonce": 1, "gas": 1, "gasPrice": 1}"#,
]

/// EIP-712 documents: the EIP's Mail example, arrays, integers of every width, and the reported
/// short-`bytes32` case.
let typedDataSeeds = [
    #"{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],"Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],"Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},"primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},"message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}"#,
    #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"P":[{"name":"h","type":"bytes32"}]},"primaryType":"P","domain":{"name":"Short"},"message":{"h":"0x1234"}}"#,
    #"{"types":{"Group":[{"name":"members","type":"Person[]"},{"name":"grid","type":"int8[2][]"},{"name":"flags","type":"bool[3]"}],"Person":[{"name":"name","type":"string"},{"name":"age","type":"uint8"}]},"primaryType":"Group","domain":{"name":"G","chainId":"0x1","salt":"0x0000000000000000000000000000000000000000000000000000000000000001"},"message":{"members":[{"name":"a","age":1},{"name":"b","age":"0xff"}],"grid":[[-128,127],[0,-1]],"flags":[true,false,true]}}"#,
    #"{"types":{"EIP712Domain":[],"T":[{"name":"a","type":"uint256"},{"name":"b","type":"int256"},{"name":"c","type":"bytes"},{"name":"d","type":"bytes1"},{"name":"e","type":"address[]"}]},"primaryType":"T","domain":{},"message":{"a":"115792089237316195423570985008687907853269984665640564039457584007913129639935","b":"-57896044618658097711785492504343953926634992332820282019728792003956564819968","c":"0x","d":"0xff","e":[]}}"#,
    #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}]},"primaryType":"EIP712Domain","domain":{"name":"only the domain"}}"#,
    #"{"types":{"Node":[{"name":"next","type":"Node[]"},{"name":"v","type":"uint16"}]},"primaryType":"Node","domain":{},"message":{"next":[{"next":[],"v":2}],"v":1}}"#,
]

/// Raw signed transactions: EIP-155's example and one of every type signed with the fuzz key.
func rawTransactionSeeds() throws -> [[UInt8]] {
    let example = try Vectors.json("secp256k1-tx/eip155_example.json") as? [String: Any]
    var seeds: [[UInt8]] = []
    if let signed = example?["signed_tx"] as? String { seeds.append(hexBytes(signed)) }
    for json in transactionJSONSeeds {
        if let tx = try? Transaction.parse(json: Data(json.utf8)).transaction, let signed = try? tx.signed(with: fuzzKey) {
            seeds.append(signed.raw)
        }
    }
    guard seeds.count > 4 else { throw FuzzFailure("raw transaction seeds: too few signed") }
    return seeds
}

/// DER: Wycheproof's secp256k1 ECDSA signatures (valid and invalid), signatures by the fuzz key,
/// and SubjectPublicKeyInfo encodings.
func derSeeds() throws -> [[UInt8]] {
    guard let file = try Vectors.json("wycheproof/testvectors_v1/ecdsa_secp256k1_sha256_test.json") as? [String: Any],
        let groups = file["testGroups"] as? [[String: Any]]
    else { throw FuzzFailure("wycheproof secp256k1 file has no testGroups") }
    var seeds: [[UInt8]] = []
    for group in groups.prefix(4) {
        if let spki = group["publicKeyDer"] as? String { seeds.append(hexBytes(spki)) }
        for test in (group["tests"] as? [[String: Any]] ?? []).prefix(120) {
            if let sig = test["sig"] as? String { seeds.append(hexBytes(sig)) }
        }
    }
    let digest = Keccak256.hash(Array("fuzz".utf8))
    if let own = try? fuzzKey.signature(forDigest: digest) { seeds.append(own.signature.derEncoded) }
    let spkiPrefix: [UInt8] = [0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03, 0x42, 0x00]
    seeds.append(spkiPrefix + fuzzKey.publicKey.uncompressed)
    return seeds
}
