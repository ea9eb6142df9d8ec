#if canImport(Glibc)
import Glibc
#endif
import Enclave
import Logging
import ServiceLifecycle
import Testing

/// The vsock code path itself, whatever this kernel offers. With vsock loopback, bytes cross two
/// proxies over `vsock://1:PORT`. Without it, the proxy must report the kernel's refusal of CID 1
/// clearly, and still bind a vsock listener on CID any through NIO's `VsockAddress` (nothing
/// connects to it: without loopback a vsock connection would leave for the hypervisor). The test
/// prints which path ran and asserts the outcome it observed; it never skips.
@Suite struct VsockTransportTests {
    @Test func vsockPathCarriesBytesOrReportsTheKernelsError() async throws {
        let probe = VsockLoopback.probe()
        print("vsock probe: \(probe)")
        switch probe {
        case .available:
            print("vsock path: loopback available, two proxies chained over vsock://1:PORT")
            let inner = ProxyFixture.innerEndpoint(.vsock)
            try await TransferServer.with { server in
                try await ProxyFixture.with(ByteProxyTransferTests.chain(server, inner: inner)) { proxies in
                    let outcome = try await TransferClient.transfer(to: proxies[0].listeningEndpoint, upload: 1 << 20, download: 3 << 20, seed: 11)
                    #expect(outcome.intact, "\(outcome)")
                }
            }
        case .noLoopback(let code):
            print("vsock path: no loopback; checking the error for CID 1 and a bind on CID any")
            #expect(code == EADDRNOTAVAIL)
            try await Self.expectLoopbackRefused()
            try await Self.expectBindOnAnyCID()
        case .noVsock(let code):
            print("vsock path: no AF_VSOCK in this kernel; checking the error")
            #expect(code == EAFNOSUPPORT)
            let endpoint = SocketEndpoint.vsock(cid: SocketEndpoint.VsockCID.any, port: 5000)
            let error = try await Self.bindFailure(endpoint)
            #expect(error.reason.contains("no AF_VSOCK"), "\(error.reason)")
        case .connectFailed(let code):
            Issue.record("vsock loopback bound CID 1 but could not connect: errno \(code)")
        }
    }

    /// `vsock://1:PORT` without `vsock_loopback`: ``EnclaveError/Code/listen`` naming the
    /// endpoint, the kernel's error and the missing module.
    static func expectLoopbackRefused() async throws {
        let endpoint = SocketEndpoint.vsock(cid: SocketEndpoint.VsockCID.local, port: UInt32.random(in: 20_000...60_000))
        let error = try await bindFailure(endpoint)
        print("vsock path: ByteProxy.bind(\(endpoint)) → \(error)")
        #expect(error.reason.contains("cannot listen on \(endpoint)"), "\(error.reason)")
        #expect(error.reason.contains("Cannot assign requested address (errno \(EADDRNOTAVAIL))"), "\(error.reason)")
        #expect(error.reason.contains("vsock_loopback"), "\(error.reason)")
    }

    /// A vsock listener on CID any binds and stops cleanly (a few ports tried, in case one is taken).
    static func expectBindOnAnyCID() async throws {
        var lastError: EnclaveError?
        for _ in 0..<5 {
            let endpoint = SocketEndpoint.vsock(cid: SocketEndpoint.VsockCID.any, port: UInt32.random(in: 20_000...60_000))
            let configuration = ByteProxyConfiguration(listen: endpoint, target: .tcp(host: "127.0.0.1", port: 9))
            let proxy: ByteProxy
            do {
                proxy = try await ByteProxy.bind(configuration)
            } catch {
                lastError = error
                continue
            }
            print("vsock path: ByteProxy.bind(\(endpoint)) listening on \(proxy.listeningEndpoint)")
            #expect(proxy.listeningEndpoint == endpoint)
            let group = ServiceGroup(services: [proxy], logger: Logger(label: "etherkeep.proxy.test"))
            async let running: Void = group.run()
            await group.triggerGracefulShutdown()
            try await running
            #expect(proxy.statistics == ByteProxyStatistics())
            return
        }
        Issue.record("no vsock listener on CID any: \(lastError.map(String.init(describing:)) ?? "?")")
    }

    static func bindFailure(_ endpoint: SocketEndpoint) async throws -> EnclaveError {
        do {
            let proxy = try await ByteProxy.bind(ByteProxyConfiguration(listen: endpoint, target: .tcp(host: "127.0.0.1", port: 9)))
            throw TransportTestFailure("\(endpoint) was bound, listening on \(proxy.listeningEndpoint)")
        } catch let error as EnclaveError {
            #expect(error.code == .listen)
            return error
        }
    }
}
