-- PostgreSQL has checked that a listing's seller and category belong to its marketplace since 0007
-- (listings_check_references); this version adds the same check to SQLite.
SELECT 1;
