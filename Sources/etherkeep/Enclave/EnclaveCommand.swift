import ArgumentParser
import Foundation
import NitroAttestation

/// `etherkeep enclave …`: the Nitro enclave signer's offline tools — measuring an image and writing
/// the KMS key policy that pins it.
struct EnclaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enclave",
        abstract: "AWS Nitro Enclaves: image measurements and the KMS key policy that pins them.",
        subcommands: [Measure.self, KeyPolicy.self, EnclaveRunCommand.self, EnclaveHostCommand.self, EnclaveWalletCommand.self, EnclaveWalletHostCommand.self]
    )

    struct Measure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an enclave image's PCR0, PCR1, PCR2 (and PCR8 when signed), as nitro-cli describe-eif does.")
        @Option(help: "The enclave image file (.eif).") var eif: String
        @Flag(help: "Print {\"PCR0\": \"<96 hex>\", …} instead of one line per register.") var json = false

        func run() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: eif, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let handle = FileHandle(forReadingAtPath: eif)
            else { throw ValidationError("--eif \(eif): not a file that can be read") }
            defer { try? handle.close() }
            let measurement = try EnclaveImage.measure { count in Array(try handle.read(upToCount: count) ?? Data()) }
            if json {
                print(measurement.json)
            } else {
                var lines = [("PCR0", measurement.pcr0), ("PCR1", measurement.pcr1), ("PCR2", measurement.pcr2)]
                if let pcr8 = measurement.pcr8 { lines.append(("PCR8", pcr8)) }
                for (name, value) in lines { print("\(name) \(value.map { String(format: "%02x", $0) }.joined())") }
            }
        }
    }

    struct KeyPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key-policy",
            abstract: "Print the KMS key policy that lets only the attested enclave decrypt.",
            discussion: """
                kms:Decrypt is allowed to the instance role only with a Recipient attestation whose image (PCR0) \
                and, with --pcr8, signing certificate match, and denied to every principal otherwise. The encrypt \
                roles may Encrypt and GenerateDataKey; the administrator manages the key without Decrypt.
                """)
        @Option(help: "The enclave image's PCR0, 96 hex digits (etherkeep enclave measure).") var pcr0: String
        @Option(help: "The signing certificate's PCR8, 96 hex digits, for a signed image.") var pcr8: String?
        @Option(help: "The parent instance's IAM role ARN: the only principal that may decrypt.") var instanceRoleArn: String
        @Option(help: "A role that encrypts into the vault (the keygen Lambda's); repeat for several.") var encryptRoleArn: [String] = []
        @Option(help: "The key administrator's ARN (manages the key, cannot decrypt).") var adminArn: String
        @Flag(help: "Accept an all-zero PCR0 (debug-mode enclaves). Never in production.") var allowDebug = false

        func run() throws {
            let policy = try EnclaveKeyPolicy(
                pcr0Hex: pcr0, pcr8Hex: pcr8, instanceRoleARN: instanceRoleArn, encryptRoleARNs: encryptRoleArn, adminARN: adminArn,
                allowDebug: allowDebug)
            print(policy.json)
        }
    }
}
