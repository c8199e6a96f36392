"""Change history of the documents, read from Git: approved versions, diffs, change log and feeds."""
