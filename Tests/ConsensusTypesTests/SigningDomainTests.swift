import ConsensusTypes
import TestSupport
import Testing

/// Domain types, `ForkInfo`, the builder domain, epochs, and the preset limits of the containers.
@Suite struct SigningDomainTests {
    @Test func domainTypesAreTheSpecValues() {
        let expected: [(DomainType, [UInt8])] = [
            (.beaconProposer, [0, 0, 0, 0]), (.beaconAttester, [1, 0, 0, 0]), (.randao, [2, 0, 0, 0]),
            (.deposit, [3, 0, 0, 0]), (.voluntaryExit, [4, 0, 0, 0]), (.selectionProof, [5, 0, 0, 0]),
            (.aggregateAndProof, [6, 0, 0, 0]), (.syncCommittee, [7, 0, 0, 0]),
            (.syncCommitteeSelectionProof, [8, 0, 0, 0]), (.contributionAndProof, [9, 0, 0, 0]),
            (.blsToExecutionChange, [0x0a, 0, 0, 0]), (.applicationBuilder, [0, 0, 0, 1]),
        ]
        for (type, bytes) in expected { #expect(type.bytes == bytes) }
    }

    @Test func mainnetBuilderDomainIsTheKnownValue() {
        // mev-boost / builder-specs: DOMAIN_APPLICATION_BUILDER on mainnet (genesis fork 0x00000000).
        let domain = Signing.builderDomain(genesisForkVersion: Version(unchecked: [0, 0, 0, 0]))
        #expect(hexString(domain.bytes) == "00000001f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9")
    }

    @Test func forkInfoUsesThePreviousVersionBeforeTheForkEpoch() throws {
        let previous = try Version([4, 0, 0, 0]), current = try Version([5, 0, 0, 0])
        let gvr = try Root(hexBytes("4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95"))
        let info = ForkInfo(fork: Fork(previousVersion: previous, currentVersion: current, epoch: 100), genesisValidatorsRoot: gvr)
        #expect(info.forkVersion(at: 99) == previous)
        #expect(info.forkVersion(at: 100) == current)
        #expect(info.domain(.beaconAttester, epoch: 99)
            == Signing.computeDomain(.beaconAttester, forkVersion: previous, genesisValidatorsRoot: gvr))
        #expect(info.domain(.beaconProposer, slot: 3200)
            == Signing.computeDomain(.beaconProposer, forkVersion: current, genesisValidatorsRoot: gvr))
        #expect(info.domain(.beaconProposer, slot: 3199)
            == Signing.computeDomain(.beaconProposer, forkVersion: previous, genesisValidatorsRoot: gvr))
        #expect(Signing.computeEpoch(atSlot: 31) == 0 && Signing.computeEpoch(atSlot: 32) == 1)
    }

    @Test func blockAndHeaderHaveTheSameRoot() throws {
        let body = BeaconBlockBody(
            randaoReveal: try BLSSignature([UInt8](repeating: 7, count: 96)),
            eth1Data: Eth1Data(depositRoot: .zero, depositCount: 3, blockHash: .zero), graffiti: .zero)
        let block = BeaconBlock(slot: 5, proposerIndex: 9, parentRoot: .zero, stateRoot: .zero, body: body)
        #expect(block.header.hashTreeRoot == block.hashTreeRoot)
    }

    @Test func scalarSigningObjectsAreTheirValuesRoots() {
        #expect(AggregationSlot(slot: 77).hashTreeRoot == UInt64(77).hashTreeRoot)
        #expect(RandaoReveal(epoch: 3).hashTreeRoot == UInt64(3).hashTreeRoot)
        let root = Root(unchecked: (0..<32).map { UInt8($0) })
        #expect(root.hashTreeRoot == root)
    }

    @Test func containerLimitsMatchTheMainnetPreset() {
        let p = MainnetPreset.self
        #expect(Bitlist<2048>.maxCount == p.maxValidatorsPerCommittee)  // Attestation.aggregation_bits
        #expect(SSZList<ValidatorIndex, 2048>.maxCount == p.maxValidatorsPerCommittee)
        #expect(Bitlist<131072>.maxCount == p.maxValidatorsPerCommittee * p.maxCommitteesPerSlot)
        #expect(SSZList<ValidatorIndex, 131072>.maxCount == p.maxValidatorsPerCommittee * p.maxCommitteesPerSlot)
        #expect(Bitvector<64>.count == p.maxCommitteesPerSlot)
        #expect(SSZList<ProposerSlashing, 16>.maxCount == p.maxProposerSlashings)
        #expect(SSZList<AttesterSlashing, 2>.maxCount == p.maxAttesterSlashings)
        #expect(SSZList<Attestation, 128>.maxCount == p.maxAttestations)
        #expect(SSZList<Deposit, 16>.maxCount == p.maxDeposits)
        #expect(SSZList<SignedVoluntaryExit, 16>.maxCount == p.maxVoluntaryExits)
        #expect(Bitvector<512>.count == p.syncCommitteeSize)
        #expect(Bitvector<128>.count == p.syncCommitteeSize / p.syncCommitteeSubnetCount)
        #expect(SSZVector<Bytes32, 33>.count == p.depositContractTreeDepth + 1)
    }
}
