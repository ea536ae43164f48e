-- The values' foreign key is checked at commit, as in SQLite's 0006 (where it spares a bulk
-- insert its statement journal). Here it changes nothing a user sees: a large load sets this key
-- aside and makes it again from the catalog's definition, and a transaction still cannot commit
-- a value of no indicator.
ALTER TABLE indicator_values
    ALTER CONSTRAINT indicator_values_indicator_id_fkey DEFERRABLE INITIALLY DEFERRED;
