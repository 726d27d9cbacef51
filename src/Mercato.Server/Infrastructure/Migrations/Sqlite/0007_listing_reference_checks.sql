-- PostgreSQL replaces the foreign keys of listings with statement-level checks in this version (see its 0007). SQLite
-- keeps its foreign keys: it checks them with a direct index probe per row, without the per-row query PostgreSQL runs,
-- and dropping a constraint in SQLite means rebuilding the table.
SELECT 1;
