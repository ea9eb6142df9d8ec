import LambdaFunctions
import LambdaRuntime

/// The functions this `bootstrap` can be, chosen by `ETHERKEEP_FUNCTION`.
enum FunctionCatalog {
    /// Builds a handler from the environment; each entry reads the variables it needs.
    typealias Factory = @Sendable ([String: String]) async throws -> any LambdaHandler

    /// Every function, by its `ETHERKEEP_FUNCTION` name.
    static let functions: [String: Factory] = [
        "kms-account": { environment in try await KMSAccountFunction.make(environment: environment) },
        "keygen": { environment in try await KeygenFunction.make(environment: environment) },
        "validator": { environment in try await ValidatorFunction.make(environment: environment) },
        "wallet": { environment in try await WalletFunction.make(environment: environment) },
    ]

    /// The handler `ETHERKEEP_FUNCTION` names.
    ///
    /// - Throws: ``BootstrapError`` naming the variable and the choices when it is unset or unknown.
    static func makeHandler(environment: [String: String]) async throws -> any LambdaHandler {
        let choices = functions.keys.sorted()
        let listed = choices.isEmpty ? "none in this build" : choices.joined(separator: ", ")
        guard let name = environment["ETHERKEEP_FUNCTION"], !name.isEmpty else {
            throw BootstrapError("ETHERKEEP_FUNCTION is not set; it must name the function (\(listed))")
        }
        guard let factory = functions[name] else {
            throw BootstrapError("ETHERKEEP_FUNCTION \"\(name.prefix(64))\" is not a function of this build (\(listed))")
        }
        return try await factory(environment)
    }
}

/// A configuration error found while the bootstrap starts: reported to Lambda as an init error.
struct BootstrapError: Error, LambdaFunctionError, CustomStringConvertible {
    let reason: String

    init(_ reason: String) { self.reason = reason }

    var lambdaErrorType: String { "Runtime.InvalidConfiguration" }
    var lambdaErrorMessage: String { reason }
    var description: String { reason }
}
