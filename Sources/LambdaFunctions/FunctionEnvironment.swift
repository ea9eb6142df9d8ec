/// Reading a function's configuration from its environment.
enum FunctionEnvironment {
    /// The value of `name`, which must be set and not empty.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/invalidConfiguration`` (`NAME is not set`): an init error.
    static func required(_ name: String, in environment: [String: String]) throws(LambdaFunctionsError) -> String {
        guard let value = environment[name], !value.isEmpty else { throw LambdaFunctionsError(.invalidConfiguration, "\(name) is not set") }
        return value
    }
}
