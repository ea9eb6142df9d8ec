import AWSClients
import AWSCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Keygen
package import LambdaRuntime
import Vault

/// `ETHERKEEP_FUNCTION=keygen`: the reference keygen function.
///
/// Environment `KMS_KEY_ARN` (the key records are encrypted under; the function is granted
/// `kms:Encrypt` only) and `DDB_TABLE_NAME`; optional `MNEMONIC_KMS_KEY_ARN`, a second key that
/// encrypts each mnemonic into `encrypted_mnemonic_b64` (bound to the pubkey by the encryption
/// context), leaving the record's `mnemonic_b64` empty, so that a key policy can let the signer's
/// enclave decrypt records but never mnemonics. Payload ``KeygenRequest``; response the JSON list of
/// the new public keys (hex, as in the keystores). Each invocation generates a fresh mnemonic and
/// fresh passwords, checks every keystore and deposit, encrypts every record with KMS, then
/// writes every row in one all-or-nothing batch; a bad payload writes nothing.
package struct KeygenFunction: LambdaHandler {
    private let vault: Vault
    private let transport: AHCTransport

    init(vault: Vault, transport: AHCTransport) {
        self.vault = vault
        self.transport = transport
    }

    /// Builds the function from the process environment.
    package static func make(environment: [String: String]) async throws -> KeygenFunction {
        let keyARN = try FunctionEnvironment.required("KMS_KEY_ARN", in: environment)
        let table = try FunctionEnvironment.required("DDB_TABLE_NAME", in: environment)
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(environment: AWSEnvironment(variables: environment), transport: transport)
            let vault = Vault(
                store: DynamoDBVaultStore(ddb: try DynamoDBClient(context: context), table: table),
                cipher: KMSVaultCipher(kms: try KMSClient(context: context), keyID: keyARN),
                mnemonicCipher: try environment["MNEMONIC_KMS_KEY_ARN"].flatMap { $0.isEmpty ? nil : $0 }.map {
                    KMSVaultCipher(kms: try KMSClient(context: context), keyID: $0, bindToPublicKey: true)
                })
            return KeygenFunction(vault: vault, transport: transport)
        } catch {
            try? await transport.shutdown()
            throw LambdaFunctionsError(.invalidConfiguration, "\(error)")
        }
    }

    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let plan = try KeygenPayload.plan(event)
        let generated: GeneratedKeys
        do {
            generated = try await ValidatorKeyBatch.generate(plan)
        } catch {
            throw LambdaFunctionsError(.selfCheckFailed, "key generation failed, nothing written: \(error)")
        }
        do {
            _ = try await vault.add(generated.keys)
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "nothing written: \(error.reason)")
        }
        return Array(try JSONEncoder().encode(generated.pubkeys))
    }

    package func shutdown() async {
        try? await transport.shutdown()
    }
}
