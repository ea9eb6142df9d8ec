#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Lambda's JSON error shape, as the runtime API expects it for invocation and init errors:
/// `{"errorMessage": "...", "errorType": "...", "stackTrace": []}`.
///
/// A wire type: no logic beyond encoding. See
/// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-invokeerror
package struct LambdaErrorResponse: Codable, Sendable, Hashable {
    /// What went wrong, for the caller.
    package let errorMessage: String
    /// A short type name, also sent as `Lambda-Runtime-Function-Error-Type`.
    package let errorType: String
    /// Always empty: Swift errors carry no stack trace worth sending.
    package let stackTrace: [String]

    package init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = []
    }

    /// The JSON body.
    package func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding two strings and an empty array cannot fail.
        return (try? Array(encoder.encode(self))) ?? Array(#"{"errorMessage":"","errorType":"Unknown","stackTrace":[]}"#.utf8)
    }
}
