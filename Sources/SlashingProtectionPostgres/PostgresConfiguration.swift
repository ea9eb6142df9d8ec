#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import SlashingProtection

/// Where the shared slashing-protection database is: parsed from a libpq-style URL
/// `postgresql://USER@HOST:PORT/DB[?sslmode=disable|prefer|require][&host=/socket/dir]`.
///
/// The password never comes from the URL (a URL is a command-line argument, visible to every user
/// of the machine): give it through ``password`` (read from `PGPASSWORD` or a file by the caller).
public struct PostgresConfiguration: Sendable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    /// A directory holding the server's Unix socket (`host=` query item), used instead of TCP.
    public var socketDirectory: String?
    public var username: String
    public var database: String
    public var tls: TLSMode
    /// Not part of any description.
    public var password: String?
    /// Which database this is, `host:port/name` (the Unix socket directory in place of the host
    /// when there is one): what a KMS-encrypted password is bound to.
    public var identity: String { "\(socketDirectory ?? host):\(port)/\(database)" }
    /// How long an operation may wait for the database before it is reported unavailable.
    public var timeout: Duration = .seconds(10)

    /// Parses `url`.
    ///
    /// - Throws: ``SlashingProtectionError`` (`invalidArgument`) naming what is wrong, including a
    ///   password written into the URL.
    public init(url: String, password: String?) throws(SlashingProtectionError) {
        guard let components = URLComponents(string: url), ["postgresql", "postgres"].contains(components.scheme ?? "") else {
            throw SlashingProtectionError(.invalidArgument, "slashing-protection-db-url must look like postgresql://USER@HOST:PORT/DB")
        }
        guard components.password == nil else {
            throw SlashingProtectionError(
                .invalidArgument, "slashing-protection-db-url must not hold a password; use PGPASSWORD or --slashing-protection-db-password-file")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard let username = components.user, !username.isEmpty, !database.isEmpty else {
            throw SlashingProtectionError(.invalidArgument, "slashing-protection-db-url needs a user and a database: postgresql://USER@HOST:PORT/DB")
        }
        var tls = TLSMode.prefer
        var socketDirectory: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw SlashingProtectionError(.invalidArgument, "sslmode must be disable, prefer or require")
                }
                tls = mode
            case "host":
                socketDirectory = item.value
            default:
                throw SlashingProtectionError(.invalidArgument, "slashing-protection-db-url: unknown parameter \(item.name)")
            }
        }
        self.host = components.host ?? "localhost"
        self.port = components.port ?? 5432
        self.socketDirectory = socketDirectory
        self.username = username
        self.database = database
        self.tls = tls
        self.password = password
    }
}
