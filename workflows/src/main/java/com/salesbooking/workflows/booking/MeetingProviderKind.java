package com.salesbooking.workflows.booking;

/** How a tenant's meetings are held: a Zoom meeting, or a Teams meeting created by the Outlook event itself. */
public enum MeetingProviderKind {
    ZOOM,
    TEAMS;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MeetingProviderKind fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
