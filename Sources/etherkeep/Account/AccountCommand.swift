import ArgumentParser

/// `etherkeep account …`: Ethereum account keys, transactions and messages.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Ethereum accounts: addresses, transactions, EIP-191 and EIP-712 signatures, V3 keystores.",
        discussion: """
            Private keys come from --key-file (0x-hex text, or a V3 keystore whose password comes from \
            --password-file or a prompt), never from the command line.
            """,
        subcommands: [
            AccountAddress.self, AccountSignTx.self, AccountSignMessage.self, AccountSignTypedData.self,
            AccountDecodeTx.self, AccountNew.self,
        ]
    )
}
