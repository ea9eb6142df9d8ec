/* Intentionally empty: the client requests are static inline in the header. */
