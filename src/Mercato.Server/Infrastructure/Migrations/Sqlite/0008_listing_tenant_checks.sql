-- A listing's seller and category must belong to the listing's own marketplace, as PostgreSQL checks since its 0007.
-- The foreign keys only say that they exist somewhere. Row triggers: SQLite has no statement-level triggers, and each
-- check is two primary-key probes, like the foreign keys' own. The message matches PostgreSQL's wording, and RAISE
-- reports a constraint violation (SQLITE_CONSTRAINT), as PostgreSQL reports foreign_key_violation.
CREATE TRIGGER listings_references_inserted BEFORE INSERT ON listings FOR EACH ROW
WHEN NOT EXISTS (SELECT 1 FROM sellers s WHERE s.id = NEW.seller_id AND s.tenant_id = NEW.tenant_id)
  OR NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = NEW.category_id AND c.tenant_id = NEW.tenant_id)
BEGIN
    SELECT RAISE(ABORT, 'a listing refers to a seller or a category which that marketplace does not have');
END;

-- Only updates that move a listing are checked (as PostgreSQL's listings_references_moved).
CREATE TRIGGER listings_references_moved BEFORE UPDATE OF tenant_id, seller_id, category_id ON listings FOR EACH ROW
WHEN (OLD.tenant_id <> NEW.tenant_id OR OLD.seller_id <> NEW.seller_id OR OLD.category_id <> NEW.category_id)
  AND (NOT EXISTS (SELECT 1 FROM sellers s WHERE s.id = NEW.seller_id AND s.tenant_id = NEW.tenant_id)
       OR NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = NEW.category_id AND c.tenant_id = NEW.tenant_id))
BEGIN
    SELECT RAISE(ABORT, 'a listing refers to a seller or a category which that marketplace does not have');
END;
