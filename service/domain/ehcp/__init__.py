"""The EHC plan as data: the national template (versioned reference data), the plan document (one JSON
value that validates against the published schema), and the pure rules over it (plan quality, the
golden thread, what changed between two versions).

Nothing here touches the database or the web: the data layer stores documents, the journeys and the
PDF worker render them, and both read only what these modules compute.
"""
