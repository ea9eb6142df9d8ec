import TestSupport
import ConsensusTypes
import EthereumCore

/// One type the differential test compares against remerkleable, by the name the Python script
/// (`Python/ssz_reference.py`) knows it under.
struct DifferentialCase: Sendable, CustomStringConvertible {
    /// One generated value: what Python is sent, our root, and the check of Python's serialisation.
    struct Sample {
        let json: JSONValue
        let root: Root
        let matchesSSZ: ([UInt8]) -> Bool?
    }

    let name: String
    private let generate: @Sendable (inout Gen) throws -> Sample

    var description: String { name }

    init<T: DifferentialValue>(_ name: String, _ type: T.Type) {
        self.name = name
        generate = { g in
            let value = try T.random(&g)
            return Sample(json: value.json, root: value.hashTreeRoot, matchesSSZ: value.matchesSSZ)
        }
    }

    /// `count` samples: the all-zero value (empty lists, zero-length bit lists), the full value
    /// (every list and bit list at its limit), then random ones.
    func samples(_ rng: inout TestRNG, count: Int) throws -> [Sample] {
        var out = [Sample]()
        for i in 0..<count {
            var g = Gen(rng: rng, shape: i == 0 ? .zero : i == 1 ? .full : .random)
            out.append(try generate(&g))
            rng = g.rng
        }
        return out
    }

    static let containers: [DifferentialCase] = [
        .init("phase0.Fork", Fork.self),
        .init("phase0.ForkData", ForkData.self),
        .init("phase0.SigningData", SigningData.self),
        .init("phase0.Checkpoint", Checkpoint.self),
        .init("phase0.AttestationData", AttestationData.self),
        .init("phase0.IndexedAttestation", IndexedAttestation.self),
        .init("phase0.Attestation", Attestation.self),
        .init("phase0.Eth1Data", Eth1Data.self),
        .init("phase0.DepositMessage", DepositMessage.self),
        .init("phase0.DepositData", DepositData.self),
        .init("phase0.BeaconBlockHeader", BeaconBlockHeader.self),
        .init("phase0.SignedBeaconBlockHeader", SignedBeaconBlockHeader.self),
        .init("phase0.ProposerSlashing", ProposerSlashing.self),
        .init("phase0.AttesterSlashing", AttesterSlashing.self),
        .init("phase0.Deposit", Deposit.self),
        .init("phase0.VoluntaryExit", VoluntaryExit.self),
        .init("phase0.SignedVoluntaryExit", SignedVoluntaryExit.self),
        .init("phase0.BeaconBlockBody", BeaconBlockBody.self),
        .init("phase0.BeaconBlock", BeaconBlock.self),
        .init("phase0.AggregateAndProof", AggregateAndProof.self),
        .init("phase0.AggregationSlot", AggregationSlot.self),
        .init("phase0.RandaoReveal", RandaoReveal.self),
        .init("altair.SyncAggregate", SyncAggregate.self),
        .init("altair.BeaconBlockBody", AltairBeaconBlockBody.self),
        .init("altair.BeaconBlock", AltairBeaconBlock.self),
        .init("altair.SyncCommitteeContribution", SyncCommitteeContribution.self),
        .init("altair.ContributionAndProof", ContributionAndProof.self),
        .init("altair.SyncAggregatorSelectionData", SyncAggregatorSelectionData.self),
        .init("altair.SyncCommitteeMessageRoot", Root.self),
        .init("capella.BLSToExecutionChange", BLSToExecutionChange.self),
        .init("capella.SignedBLSToExecutionChange", SignedBLSToExecutionChange.self),
        .init("electra.Attestation", ElectraAttestation.self),
        .init("electra.IndexedAttestation", ElectraIndexedAttestation.self),
        .init("electra.AttesterSlashing", ElectraAttesterSlashing.self),
        .init("electra.AggregateAndProof", ElectraAggregateAndProof.self),
        .init("builder.ValidatorRegistrationV1", ValidatorRegistrationV1.self),
    ]

    static let generalTypes: [DifferentialCase] = [
        .init("uint8", UInt8.self),
        .init("uint16", UInt16.self),
        .init("uint32", UInt32.self),
        .init("uint64", UInt64.self),
        .init("uint128", UInt128.self),
        .init("uint256", UInt256.self),
        .init("boolean", Bool.self),
        .init("ByteVector[20]", ByteVector<20>.self),
        .init("ByteVector[48]", ByteVector<48>.self),
        .init("ByteList[1]", ByteList<1>.self),
        .init("ByteList[32]", ByteList<32>.self),
        .init("ByteList[33]", ByteList<33>.self),
        .init("ByteList[300]", ByteList<300>.self),
        .init("Bitvector[1]", Bitvector<1>.self),
        .init("Bitvector[8]", Bitvector<8>.self),
        .init("Bitvector[255]", Bitvector<255>.self),
        .init("Bitvector[257]", Bitvector<257>.self),
        .init("Bitvector[513]", Bitvector<513>.self),
        .init("Bitlist[1]", Bitlist<1>.self),
        .init("Bitlist[8]", Bitlist<8>.self),
        .init("Bitlist[256]", Bitlist<256>.self),
        .init("Bitlist[257]", Bitlist<257>.self),
        .init("Bitlist[2048]", Bitlist<2048>.self),
        .init("Bitlist[1048576]", Bitlist<1048576>.self),
        .init("Vector[uint8, 1]", SSZVector<UInt8, 1>.self),
        .init("Vector[uint16, 17]", SSZVector<UInt16, 17>.self),
        .init("Vector[uint32, 9]", SSZVector<UInt32, 9>.self),
        .init("Vector[uint64, 5]", SSZVector<UInt64, 5>.self),
        .init("Vector[uint128, 3]", SSZVector<UInt128, 3>.self),
        .init("Vector[uint256, 3]", SSZVector<UInt256, 3>.self),
        .init("Vector[boolean, 33]", SSZVector<Bool, 33>.self),
        .init("Vector[Bytes32, 33]", SSZVector<Bytes32, 33>.self),
        .init("Vector[Checkpoint, 5]", SSZVector<Checkpoint, 5>.self),
        .init("List[uint8, 1]", SSZList<UInt8, 1>.self),
        .init("List[uint16, 33]", SSZList<UInt16, 33>.self),
        .init("List[uint32, 100]", SSZList<UInt32, 100>.self),
        .init("List[uint64, 2048]", SSZList<UInt64, 2048>.self),
        .init("List[uint128, 7]", SSZList<UInt128, 7>.self),
        .init("List[uint256, 5]", SSZList<UInt256, 5>.self),
        .init("List[boolean, 70]", SSZList<Bool, 70>.self),
        .init("List[uint64, 2147483648]", SSZList<UInt64, 2147483648>.self),
        .init("List[Bytes32, 33554432]", SSZList<Bytes32, 33554432>.self),
        .init("List[Checkpoint, 9]", SSZList<Checkpoint, 9>.self),
    ]
}
