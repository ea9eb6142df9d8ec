import Hummingbird

extension Router {
    /// Answers the other common methods on `path` with 405 Method Not Allowed and an `Allow`
    /// header (RFC 9110 §15.5.6), as Web3Signer does, instead of the router's 404: the path
    /// exists, the method does not.
    func refuseOtherMethods(_ path: RouterPath, allowing allowed: [HTTPRequest.Method]) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        // HEAD goes with GET (RFC 9110 §9.3.2): refused only where GET is.
        let refused: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .options] + (allowed.contains(.get) ? [] : [.head])
        for method in refused where !allowed.contains(method) {
            on(path, method: method) { _, _ -> Response in
                Response(
                    status: .methodNotAllowed, headers: [.allow: allow, .contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "method not allowed: \(allow) only")))
            }
        }
    }
}
