package com.salesbooking.store.admin;

/** A unique constraint refused the write: the named value is taken already. */
public class DuplicateException extends RuntimeException {

    private final String field;

    public DuplicateException(String field) {
        super(field + " is taken", null, false, false);
        this.field = field;
    }

    /** The request field whose value is taken. */
    public String field() {
        return field;
    }
}
