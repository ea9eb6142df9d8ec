import ArgumentParser
import Foundation

/// `etherkeep account …`: Ethereum account keys, transactions and messages.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Ethereum accounts: addresses, transactions, EIP-191 and EIP-712 signatures, V3 keystores.",
        discussion: """
            Private keys come from --key-file (0x-hex text, or a V3 keystore whose password comes from \
            --password-file or a prompt), never from the command line. With --kms-key-id the account is \
            an AWS KMS ECC_SECG_P256K1 key: the address comes from its public key and KMS signs \
            (MessageType DIGEST); AWS credentials, region and AWS_ENDPOINT_URL come from the environment.
            """,
        subcommands: [
            AccountAddress.self, AccountSignTx.self, AccountSignMessage.self, AccountSignTypedData.self,
            AccountDecodeTx.self, AccountNew.self,
        ]
    )
}

/// Runs an account command's core: prints what it returns, or its error as one line
/// `error: <what is wrong>` on stderr with exit status 1 (the error names the field, never a secret).
func reportingAccountErrors(_ body: () async throws -> String) async throws {
    let output: String
    do {
        output = try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
    print(output)
}
