public import FabriqueCore
import FabriqueResources
public import Foundation

/// A second, imaginary Fabrique: other places, neighbourhoods, partners and names, nothing of Angers.
/// The needs and the public holidays are the default catalogue's (they are the network's, not a place's).
public enum AnotherTerritory {
    /// The network and territory the fixture's `territory.json` names.
    public static let network = "Fabrique à entreprendre du Valmont"
    public static let territory = "Valmont Agglomération"
    /// Its two places.
    public static let sites = ["les-tanneries", "haut-du-lievre"]

    /// A data folder holding the second territory's catalogue.
    public static func dataFolder() throws -> (folder: TemporaryFolder, data: DataFolder) {
        let folder = try TemporaryFolder()
        let data = DataFolder(url: folder.url)
        try FileManager.default.createDirectory(at: data.catalogueURL, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: EmbeddedData.catalogueURL.appendingPathComponent("needs.json"),
                                         to: data.catalogueURL.appendingPathComponent("needs.json"))
        // The public holidays only: the closures of one place name Angers' places.
        let closures = try Data(contentsOf: EmbeddedData.catalogueURL.appendingPathComponent("closures.json"))
        guard let file = try JSONSerialization.jsonObject(with: closures) as? [String: Any],
              let list = file["closures"] as? [[String: Any]] else { throw CatalogueFixture.FixtureError.textNotFound("closures", "closures.json") }
        let national = try JSONSerialization.data(withJSONObject: ["closures": list.filter { $0["sites"] == nil }])
        try national.write(to: data.catalogueURL.appendingPathComponent("closures.json"))
        for (file, text) in files { try CatalogueFixture.write(file, in: data, text) }
        return (folder, data)
    }

    static let files: [(CatalogueFile, String)] = [
        (.territory, """
        {"territory": {"network": "\(network)", "name": "\(territory)"}}
        """),
        (.sites, """
        {"sites": [
          {"id": "les-tanneries", "name": "Les Tanneries", "venue": {"fr": "à la Maison des projets", "en": "at the Maison des projets"},
           "address": {"street": "3 place du Marché-Couvert", "postalCode": "99100", "commune": "Valmont"},
           "offers": [{"fr": "Information pour créer une entreprise", "en": "Information to start a business"}]},
          {"id": "haut-du-lievre", "name": "Haut-du-Lièvre", "venue": {"fr": "au centre social", "en": "at the community centre"},
           "address": {"street": "12 rue des Cordiers", "postalCode": "99120", "commune": "Saint-Ovide"},
           "offers": [{"fr": "Permanences des partenaires", "en": "Partners' office hours"}]}
        ]}
        """),
        (.quartiers, """
        {"quartiers": [
          {"id": "les-tanneries", "name": "Les Tanneries", "kind": "quartier", "commune": "Valmont", "qpv": true, "qpvLists": [2024], "qpvCode": null},
          {"id": "haut-du-lievre", "name": "Haut-du-Lièvre", "kind": "quartier", "commune": "Saint-Ovide", "qpv": true, "qpvLists": [2015, 2024], "qpvCode": null},
          {"id": "centre-valmont", "name": "Centre de Valmont", "kind": "quartier", "commune": "Valmont", "qpv": false, "qpvLists": [], "qpvCode": null}
        ]}
        """),
        (.partners, """
        {"partners": [
          {"id": "valmont-initiative", "name": "Valmont Initiative", "website": "https://valmont-initiative.example",
           "description": {"fr": "Prêts d'honneur et parrainage pour les créateurs du Valmont.", "en": "Honour loans and mentoring for Valmont's founders."},
           "services": [
             {"id": "vi-pret", "name": {"fr": "Prêt d'honneur", "en": "Honour loan"},
              "pitch": {"fr": "Un prêt sans intérêt ni garantie, pour obtenir un prêt bancaire.", "en": "An interest-free loan with no guarantee, to obtain a bank loan."},
              "needs": ["financing", "networking"], "audience": {"description": {"fr": "pour tout créateur", "en": "for every founder"}},
              "durationMinutes": 60}]},
          {"id": "cooperative-valmont", "name": "Coopérative du Valmont", "website": "https://cooperative-valmont.example",
           "description": {"fr": "Coopérative d'activité : tester son activité avec un statut d'entrepreneur salarié.", "en": "Business cooperative: test your activity as an employee-entrepreneur."},
           "services": [
             {"id": "cv-accueil", "name": {"fr": "Premier conseil", "en": "First advice"},
              "pitch": {"fr": "Faire le point sur son idée, ses démarches et son local.", "en": "Take stock of your idea, your paperwork and your premises."},
              "needs": ["coaching", "formalities", "premises", "training", "test", "youth"],
              "audience": {"description": {"fr": "pour tout porteur de projet", "en": "for anyone with a project"}},
              "durationMinutes": 45}]}
        ]}
        """),
        (.permanences, """
        {"permanences": [
          {"id": "vi-tanneries", "partner": "valmont-initiative", "services": ["vi-pret"], "site": "les-tanneries",
           "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["monday", "wednesday", "friday"]},
           "start": "09:00", "end": "12:00", "slotMinutes": 60, "capacity": 1, "validFrom": "2020-01-01", "validUntil": null},
          {"id": "cv-haut-du-lievre", "partner": "cooperative-valmont", "services": ["cv-accueil"], "site": "haut-du-lievre",
           "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["tuesday", "thursday", "friday"]},
           "start": "14:00", "end": "17:00", "slotMinutes": 45, "capacity": 1, "validFrom": "2020-01-01", "validUntil": null},
          {"id": "cv-tanneries", "partner": "cooperative-valmont", "services": ["cv-accueil"], "site": "les-tanneries",
           "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["monday", "wednesday"]},
           "start": "14:00", "end": "17:00", "slotMinutes": 45, "capacity": 1, "validFrom": "2020-01-01", "validUntil": null}
        ]}
        """),
        (.sessions, """
        {"sessions": []}
        """),
    ]
}
