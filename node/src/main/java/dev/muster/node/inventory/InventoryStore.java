package dev.muster.node.inventory;

import dev.muster.node.Database;
import dev.muster.node.DatabaseUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The inventory table: INI text by name. */
public final class InventoryStore {
    private final Database db;

    public InventoryStore(Database db) {
        this.db = db;
    }

    public record Inventory(long id, String name, String content, String updated) {
    }

    /** Creates or replaces; true when created. */
    public boolean save(String name, String content) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO inventory (name, content) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET content = excluded.content, updated = now() RETURNING (xmax = 0)")) {
                st.setString(1, name);
                st.setString(2, content);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    public Inventory find(String name) throws DatabaseUnavailableException {
        return one("name = ?", name);
    }

    public Inventory find(long id) throws DatabaseUnavailableException {
        return one("id = ?", id);
    }

    private Inventory one(String where, Object key) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, content, updated::text FROM inventory WHERE " + where)) {
                st.setObject(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? new Inventory(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null;
                }
            }
        });
    }

    public List<Inventory> list() throws DatabaseUnavailableException {
        return db.call(c -> {
            List<Inventory> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, content, updated::text FROM inventory ORDER BY name");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Inventory(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
    }
}
