/** Texts of the board's meetings pages (en). */
export default {
};
