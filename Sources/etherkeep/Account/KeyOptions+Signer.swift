import AWSClients
import AWSCore
import EthereumTransactions
import KMSAccount

extension KeyOptions {
    /// Runs `body` with the signer the options name: a `LocalAccountSigner` over `--key-file`, or
    /// the KMS account of `--kms-key-id` (closing its AWS connection afterwards).
    ///
    /// - Throws: ``CLIError`` naming `--key-file` or `--kms-key-id` when the key cannot be loaded;
    ///   `body`'s errors.
    func withSigner<R>(_ body: (any AccountSigner) async throws -> R) async throws -> R {
        guard let kmsKeyID else { return try await body(LocalAccountSigner(key: try loadKey())) }
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(transport: transport)
            let account: KMSEthereumAccount
            do {
                account = try await KMSEthereumAccount.load(kms: try KMSClient(context: context), keyID: kmsKeyID)
            } catch {
                throw CLIError("--kms-key-id: \(error)")
            }
            let result = try await body(account)
            try await transport.shutdown()
            return result
        } catch let error as KMSAccountError {
            try? await transport.shutdown()
            throw CLIError(error.reason)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}
