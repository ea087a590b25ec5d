"""Letters: templates, recipients, batches, delivery records and the registration certificate."""
