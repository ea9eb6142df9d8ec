// Test helper for VaultTests' crash test: writes batches of rows to an embedded vault until killed.
//
// Usage: VaultCrashWriter <data-dir> <rows-per-batch>
// Prints "begin <n>" before batch n and "committed <n>" after it commits, flushing each line, so
// the parent can `kill -9` it in the middle of a batch and then check that no batch is partial
// and no committed batch is lost.
import Foundation
import Vault

/// Writes one line straight to file descriptor 1 (unbuffered, so it is out before the next step).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let arguments = CommandLine.arguments
guard arguments.count == 3, let perBatch = Int(arguments[2]), perBatch > 0 else {
    FileHandle.standardError.write(Data("usage: VaultCrashWriter <data-dir> <rows-per-batch>\n".utf8))
    exit(2)
}
let directory = DataDirectory(explicit: arguments[1])
let vault = try directory.openVault()
let start = try await vault.rows().count / perBatch
let deposit = Data(#"[{"pubkey":"00"}]"#.utf8).base64EncodedString()
var batch = start
while true {
    batch += 1
    // Encrypt first, then write the whole batch in one transaction.
    var rows: [KeyRow] = []
    for i in 0..<perBatch {
        let pubkey = String(format: "%08x%08x", batch, i) + String(repeating: "ab", count: 40)
        let record = VaultRecord(keystore: Array("keystore \(batch)/\(i)".utf8), password: Array("pw".utf8), mnemonic: Array("m".utf8))
        let (ciphertext, context) = try await vault.cipher.encrypt(record, pubkey: pubkey)
        rows.append(
            try KeyRow(
                pubkey: pubkey, chain: "batch-\(batch)", datetime: "2026-11-21T00:00:00Z", depositJSONBase64: deposit,
                encryptedKeyPasswordMnemonicBase64: Data(ciphertext).base64EncodedString(), encryptionContext: context))
    }
    say("begin \(batch)")
    try await vault.store.insert(rows)
    say("committed \(batch)")
}
