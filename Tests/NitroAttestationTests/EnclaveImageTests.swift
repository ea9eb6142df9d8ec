import Foundation
import NitroAttestation
import Testing
import TestSupport

/// EIF measurement against an independent writer and hasher (Python `hashlib`, `zlib`,
/// `cryptography`), on files the test writes.
@Suite struct EnclaveImageTests {
    struct Request: Encodable { let directory: String; let seed: Int }
    struct Image: Decodable { let file: String; let pcr0: String; let pcr1: String; let pcr2: String; let pcr8: String? }

    static func images() throws -> (directory: String, images: [Image]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-eif-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let images = try PythonReference.run("eif_reference.py", Request(directory: directory, seed: 2333), as: [Image].self)
        return (directory, images)
    }

    static func measure(_ bytes: [UInt8]) throws -> EnclaveImageMeasurement {
        var offset = 0
        return try EnclaveImage.measure { count in
            defer { offset = min(bytes.count, offset + count) }
            return Array(bytes[offset..<min(bytes.count, offset + count)])
        }
    }

    static func measure(file: String) throws -> EnclaveImageMeasurement {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw Vectors.Missing(path: file) }
        defer { try? handle.close() }
        return try EnclaveImage.measure { count in Array(try handle.read(upToCount: count) ?? Data()) }
    }

    @Test func measurementsAgreeWithAnIndependentComputation() throws {
        let (directory, images) = try Self.images()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(images.count == 7)
        for image in images {
            let measured = try Self.measure(file: image.file)
            #expect(hexString(measured.pcr0) == image.pcr0, "\(image.file)")
            #expect(hexString(measured.pcr1) == image.pcr1, "\(image.file)")
            #expect(hexString(measured.pcr2) == image.pcr2, "\(image.file)")
            #expect(measured.pcr8.map(hexString) == image.pcr8, "\(image.file)")
            let json = try JSONSerialization.jsonObject(with: Data(measured.json.utf8)) as? [String: String]
            #expect(json?["PCR0"] == image.pcr0 && json?["PCR8"] == image.pcr8)
        }
    }

    @Test func damagedImagesAreRefusedNamingWhatIsWrong() throws {
        let (directory, images) = try Self.images()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let signed = images.first(where: { $0.file.hasSuffix("signed-with-metadata.eif") }) else { throw Vectors.Missing(path: "signed image") }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: signed.file)))
        _ = try Self.measure(bytes)
        func changed(_ offset: Int, _ value: UInt8) -> [UInt8] { var copy = bytes; copy[offset] = value; return copy }
        let cases: [(String, [UInt8], String)] = [
            ("magic", changed(0, 0x2f), "magic"),
            ("version 5", changed(5, 5), "version"),
            ("a body byte", changed(bytes.count - 1, bytes[bytes.count - 1] ^ 1), "CRC"),
            ("the CRC", changed(547, bytes[547] ^ 1), "CRC"),
            ("section count", changed(27, bytes[27] + 1), "sections"),
            ("33 sections", changed(27, 33), "sections"),
            ("section type", changed(548 + 1, 9), "type"),
            ("a section size", changed(548 + 11, bytes[548 + 11] &+ 1), "header says"),
            ("truncated", Array(bytes.dropLast(7)), "truncated"),
            ("header only", Array(bytes.prefix(100)), "header is truncated"),
            ("empty", [], "header is truncated"),
            ("trailing bytes", bytes + [1, 2, 3], "3 bytes after the last of the"),
            ("a trailing section header", bytes + Array(repeating: 0, count: 40), "40 bytes after the last of the"),
        ]
        for (name, image, words) in cases {
            #expect("\(name)", performing: { _ = try Self.measure(image) }, throws: { error in
                guard let error = error as? NitroAttestationError else { return false }
                return error.code == .malformedImage && error.reason.contains(words)
            })
        }
    }
}
