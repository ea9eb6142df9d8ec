/// The Lambda runtime API (version 2018-06-01): the requests a custom runtime makes and the headers
/// it reads. Pure: builds request descriptions, parses responses; ``RuntimeAPITransport`` sends them.
///
/// See https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
package enum RuntimeAPI {
    /// The API version prefix of every path.
    package static let version = "2018-06-01"

    /// Header names Lambda sends with each invocation.
    package enum Header {
        package static let requestID = "Lambda-Runtime-Aws-Request-Id"
        package static let deadline = "Lambda-Runtime-Deadline-Ms"
        package static let functionARN = "Lambda-Runtime-Invoked-Function-Arn"
        package static let traceID = "Lambda-Runtime-Trace-Id"
        package static let clientContext = "Lambda-Runtime-Client-Context"
        package static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
        /// Sent by the runtime with invocation and init errors.
        package static let functionErrorType = "Lambda-Runtime-Function-Error-Type"
    }

    /// One request to the runtime API, as data.
    package struct Request: Sendable, Hashable {
        package let method: String
        /// The path, starting with `/2018-06-01/runtime/`.
        package let path: String
        package let headers: [Field]
        package let body: [UInt8]
    }

    /// One HTTP header field.
    package struct Field: Sendable, Hashable {
        package let name: String
        package let value: String

        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One response from the runtime API.
    package struct Response: Sendable, Hashable {
        package let status: Int
        package let headers: [Field]
        package let body: [UInt8]

        package init(status: Int, headers: [Field], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The first value of header `name`, compared case-insensitively as HTTP requires.
        package func header(_ name: String) -> String? {
            let wanted = name.lowercased()
            return headers.first { $0.name.lowercased() == wanted }?.value
        }
    }

    /// `GET /runtime/invocation/next`: waits (long poll) for the next event.
    package static func nextInvocation() -> Request {
        Request(method: "GET", path: "/\(version)/runtime/invocation/next", headers: [], body: [])
    }

    /// `POST /runtime/invocation/{id}/response`.
    package static func response(requestID: String, body: [UInt8]) -> Request {
        Request(
            method: "POST", path: "/\(version)/runtime/invocation/\(pathComponent(requestID))/response",
            headers: [Field("Content-Type", "application/json")], body: body)
    }

    /// `POST /runtime/invocation/{id}/error`, with the error type header and Lambda's JSON error shape.
    package static func invocationError(requestID: String, error: LambdaErrorResponse) -> Request {
        Request(
            method: "POST", path: "/\(version)/runtime/invocation/\(pathComponent(requestID))/error",
            headers: [Field("Content-Type", "application/json"), Field(Header.functionErrorType, error.errorType)],
            body: error.encoded())
    }

    /// `POST /runtime/init/error`.
    package static func initError(_ error: LambdaErrorResponse) -> Request {
        Request(
            method: "POST", path: "/\(version)/runtime/init/error",
            headers: [Field("Content-Type", "application/json"), Field(Header.functionErrorType, error.errorType)],
            body: error.encoded())
    }

    /// The request id as one path segment. Lambda's ids are UUIDs; anything outside the unreserved
    /// characters is percent-encoded so that an odd id cannot change the path.
    private static func pathComponent(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }
}
