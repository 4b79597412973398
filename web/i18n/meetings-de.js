/** Texts of the board's meetings pages (de). */
export default {
};
