import Enclave
import Testing

/// The proxied connection's state machine, event by event.
@Suite struct ProxyConnectionStateMachineTests {
    typealias Machine = ProxyConnectionStateMachine

    @Test func connectThenBothDirectionsEnd() {
        var machine = Machine()
        #expect(machine.targetConnected() == .startForwarding(clientEnded: false))
        // The client half-closes: the target's write half is shut after what is queued.
        #expect(machine.inputClosed(.client) == .shutDownOutput(.target))
        #expect(machine.outputShutDown(.target) == .none)
        // The answer ends: the client's write half is shut; both directions have ended.
        #expect(machine.inputClosed(.target) == .shutDownOutput(.client))
        #expect(!machine.isClosed)
        #expect(machine.outputShutDown(.client) == .closeBoth)
        #expect(machine.isClosed)
        // What follows changes nothing.
        #expect(machine.channelInactive(.client) == .none)
        #expect(machine.errorCaught(.target) == .none)
    }

    /// The kernel closes a socket whose read half ended once its write half is shut: that close
    /// is expected, and the other side's pending shutdown still completes before closing.
    @Test func expectedCloseWaitsForTheOtherShutdown() {
        var machine = Machine()
        _ = machine.targetConnected()
        #expect(machine.inputClosed(.client) == .shutDownOutput(.target))
        #expect(machine.inputClosed(.target) == .shutDownOutput(.client))
        // The client's socket closed fully (input ended, output shut): not an abort.
        #expect(machine.channelInactive(.client) == .none)
        // The target's shutdown (its queued upload written) completes: now both close.
        #expect(machine.outputShutDown(.target) == .closeBoth)
    }

    /// NIO closes a socket whose write half is shut as soon as its end of stream arrives, with no
    /// end-of-stream event: the close stands for it, and it is forwarded.
    @Test func closeAfterOurShutdownCarriesTheEndOfStream() {
        var machine = Machine()
        _ = machine.targetConnected()
        #expect(machine.inputClosed(.client) == .shutDownOutput(.target))
        #expect(machine.outputShutDown(.target) == .none)
        // The target's end of stream arrives as a close.
        #expect(machine.channelInactive(.target) == .shutDownOutput(.client))
        #expect(!machine.isClosed)
        #expect(machine.outputShutDown(.client) == .closeBoth)
    }

    @Test func targetEndsFirst() {
        var machine = Machine()
        _ = machine.targetConnected()
        #expect(machine.inputClosed(.target) == .shutDownOutput(.client))
        #expect(machine.outputShutDown(.client) == .none)
        #expect(machine.inputClosed(.client) == .shutDownOutput(.target))
        #expect(machine.outputShutDown(.target) == .closeBoth)
    }

    /// The client's bytes and end of stream can arrive before the target is connected.
    @Test func endOfStreamWhileConnecting() {
        var machine = Machine()
        #expect(machine.inputClosed(.client) == .none)
        #expect(machine.targetConnected() == .startForwarding(clientEnded: true))
        #expect(machine.outputShutDown(.target) == .none)
        #expect(machine.inputClosed(.target) == .shutDownOutput(.client))
        #expect(machine.outputShutDown(.client) == .closeBoth)
    }

    @Test func connectFailureClosesTheClient() {
        var machine = Machine()
        #expect(machine.targetConnectFailed() == .close(.client))
        #expect(machine.isClosed)
        #expect(machine.channelInactive(.client) == .none)
    }

    @Test func clientGoneWhileConnecting() {
        var machine = Machine()
        #expect(machine.channelInactive(.client) == .none)
        #expect(machine.targetConnected() == .close(.target))
        var other = Machine()
        _ = other.channelInactive(.client)
        #expect(other.targetConnectFailed() == .none)
    }

    @Test(arguments: [Machine.Side.client, .target])
    func resetAborts(_ side: Machine.Side) {
        var machine = Machine()
        _ = machine.targetConnected()
        #expect(machine.channelInactive(side) == .closeBoth)
        #expect(machine.isClosed)
        var errored = Machine()
        _ = errored.targetConnected()
        _ = errored.inputClosed(side.other)
        #expect(errored.errorCaught(side) == .closeBoth)
    }

    /// A side that closes while its write half is open (the answer still flowing to it) has gone
    /// early: abort.
    @Test func closeBeforeTheAnswerEndedAborts() {
        var machine = Machine()
        _ = machine.targetConnected()
        _ = machine.inputClosed(.client)
        #expect(machine.channelInactive(.client) == .closeBoth)
    }

    @Test func failedShutdownAborts() {
        var machine = Machine()
        _ = machine.targetConnected()
        _ = machine.inputClosed(.client)
        #expect(machine.outputShutdownFailed(.target) == .closeBoth)
    }

    @Test func sides() {
        #expect(Machine.Side.client.other == .target)
        #expect(Machine.Side.target.other == .client)
    }
}
