import AWSClients
import AWSCore
import AWSTestSupport
import Crypto
import Testing

/// Secrets Manager against moto_server: every client operation.
@Suite(.enabled(if: Moto.shouldRun)) struct SecretsManagerIntegrationTests {
    @Test func lifecycle() async throws {
        try await Moto.withContext { context in
            let sm = try SecretsManagerClient(context: context)
            let name = Moto.uniqueName("etherkeep/wallet")
            let first = SymmetricKey(data: Array(#"{"key":"one"}"#.utf8))
            let created = try await sm.createSecret(name: name, value: .string(first), description: "first")
            #expect(created.name == name)
            let got = try await sm.getSecretValue(id: name)
            #expect(got.value.key == first)
            #expect(got.version.versionID == created.versionID)

            let second = SymmetricKey(data: [0, 1, 2, 255])
            let put = try await sm.putSecretValue(id: name, value: .binary(second))
            #expect(put.versionID != created.versionID)
            let current = try await sm.getSecretValue(id: name)
            guard case .binary(let bytes) = current.value else {
                Issue.record("binary secret came back as text")
                return
            }
            #expect(bytes == second)
            let previous = try await sm.getSecretValue(id: name, versionStage: "AWSPREVIOUS")
            #expect(previous.value.key == first)

            _ = try await sm.updateSecret(id: name, description: "second")
            let description = try await sm.describeSecret(id: name)
            #expect(description.description == "second")
            #expect(description.versionStages[put.versionID ?? ""]?.contains("AWSCURRENT") == true)

            do throws(AWSError) {
                _ = try await sm.getSecretValue(id: Moto.uniqueName("missing"))
                Issue.record("a missing secret was found")
            } catch {
                #expect(error.awsCode == "ResourceNotFoundException")
                #expect(error.httpStatus != nil)  // AWS answers 400, moto 404
            }
        }
    }
}
