package import AWSClients
import AWSCore
package import KMSAccount

extension Eth1Accounts {
    /// Web3Signer's AWS KMS bulk loading for eth1 (`--aws-kms-enabled`): every key of the account
    /// and region (`ListKeys`, every page) that is an enabled `ECC_SECG_P256K1` `SIGN_VERIFY` key
    /// and passes the tag filters becomes an account signing through KMS.
    ///
    /// - Parameters:
    ///   - tagNames: when not empty, a key needs a tag whose name is one of these.
    ///   - tagValues: when not empty, a key needs a tag whose value is one of these.
    ///   - open: opens an account by key id (`GetPublicKey`).
    /// - Returns: the accounts, and what failed: a key that matched but could not be opened, or
    ///   (``KeyLoadFailure/wholeSource``) `ListKeys` itself.
    package static func loadKMS(
        kms: KMSClient, tagNames: Set<String>, tagValues: Set<String>, open: @Sendable (String) async throws -> KMSEthereumAccount
    ) async -> (accounts: [Eth1Account], failures: [KeyLoadFailure]) {
        let ids: [String]
        do throws(AWSError) {
            ids = try await kms.listKeys()
        } catch {
            return ([], [KeyLoadFailure(source: "AWS KMS", reason: "ListKeys failed: \(error.reason)", wholeSource: true)])
        }
        var accounts: [Eth1Account] = [], failures: [KeyLoadFailure] = []
        for id in ids {
            do {
                let metadata = try await kms.describeKey(keyID: id)
                guard metadata.keySpec == "ECC_SECG_P256K1", metadata.keyUsage == "SIGN_VERIFY", metadata.enabled != false,
                      metadata.keyState == nil || metadata.keyState == "Enabled"
                else { continue }
                if !tagNames.isEmpty || !tagValues.isEmpty {
                    let tags = try await kms.listResourceTags(keyID: id)
                    if !tagNames.isEmpty, tags.keys.allSatisfy({ !tagNames.contains($0) }) { continue }
                    if !tagValues.isEmpty, tags.values.allSatisfy({ !tagValues.contains($0) }) { continue }
                }
                let account = try await open(id)
                accounts.append(Eth1Account(signer: account, publicKey: account.publicKey))
            } catch {
                failures.append(KeyLoadFailure(source: "AWS KMS key \(id)", reason: "\(error)"))
            }
        }
        return (accounts, failures)
    }
}
