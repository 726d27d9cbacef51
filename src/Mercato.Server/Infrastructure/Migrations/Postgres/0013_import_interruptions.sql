-- How many times an import's process died under it; past Mercato:Feeds:MaxResumes it is failed instead of resumed,
-- so a file that crashes the importer every time cannot keep a node busy forever.
ALTER TABLE feed_imports ADD COLUMN interruptions integer NOT NULL DEFAULT 0;
