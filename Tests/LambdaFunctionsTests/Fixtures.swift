/// Hand-written inputs for the KMS account tests.
enum Fixtures {
    /// EIP-712's own example (https://eips.ethereum.org/EIPS/eip-712, "Mail").
    static let mailTypedData = """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},\
        {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],\
        "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],\
        "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},\
        "primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":1,\
        "verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},\
        "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},\
        "to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
        """

    /// A recipient for test transactions.
    static let recipient = "0xa5D3241A1591061F2a4bB69CA0215F66520E67cf"

    /// JSON-RPC transaction objects of every type `sign_transaction` takes, at `nonce`.
    static func transactions(nonce: Int) -> [String] {
        [
            #"{"nonce":\#(nonce),"gas":21000,"gasPrice":"0x3b9aca00","to":"\#(recipient)","value":"0x1"}"#,
            #"{"chainId":"0x1","nonce":\#(nonce),"gas":21000,"gasPrice":"0x3b9aca00","to":"\#(recipient)","value":"0x2"}"#,
            #"{"type":"0x1","chainId":"0x5","nonce":\#(nonce),"gas":30000,"gasPrice":"0x3b9aca00","to":"\#(recipient)","accessList":[{"address":"\#(recipient)","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000001"]}]}"#,
            #"{"type":"0x2","chainId":"0xaa36a7","nonce":\#(nonce),"gas":21000,"maxFeePerGas":"0x77359400","maxPriorityFeePerGas":"0x3b9aca00","to":"\#(recipient)","value":"0xde0b6b3a7640000","input":"0x1234"}"#,
        ]
    }
}
